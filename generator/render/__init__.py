"""Render stage: format the aggregate's numbers, draw charts, write content/, build the site.

Render never recomputes a metric: it formats what `generator.aggregate` produced.
"""
