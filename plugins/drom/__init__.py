"""drom: the Roma folklore curriculum as a library (load, validate, model, render) and its MkDocs plugin.

*drom* is Romani for "road, way". The library modules do not import MkDocs; only `drom.site` does.
"""

__version__ = "0.1.0"
