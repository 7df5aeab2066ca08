"""Site spiders: one module per site, each holding one ``pipeline.spider.Spider`` subclass.

Modules here are imported by ``pipeline.spider.load_spiders``; subclassing registers them.
"""
