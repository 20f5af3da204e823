"""copyedit: a pre-publication copyediting tool for news articles and op-eds."""

__version__ = "0.1.0"
