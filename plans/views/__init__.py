"""Members' plan pages, one module per feature; plans/urls.py imports the modules."""
