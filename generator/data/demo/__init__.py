"""Sample feeds of a fictional French telecom sector, and the script that wrote them."""
