"""The analysts' web pages: server-rendered HTML over the same queries as the JSON API.

One module per group of pages (timeline, events, documents, references, map), each a router of
thin routes that parse parameters (app.web.params), call app.queries, build the page's context
dataclass (app.web.contexts) and render it (app.web.rendering). Geometry of the timeline and the
map is pure (app.web.chart, app.web.geo). Nothing here writes to the database.
"""
