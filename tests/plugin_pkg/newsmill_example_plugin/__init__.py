"""An example newsmill spider shipped by another package (see ``spider.py``)."""
