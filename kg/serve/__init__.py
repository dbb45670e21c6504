"""The read-only SPARQL endpoint and its query page.

The modules are imported by their full path (kg.serve.<module>); this package re-exports nothing."""
