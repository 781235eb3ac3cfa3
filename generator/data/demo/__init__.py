"""Sample feeds of a fictional French telecom sector (`feeds/`) and their labels.

Data only: the script that wrote them is `tools/demo/make_feeds.py`, outside the package.
"""
