"""The SPARQL store: its life cycle, queries and exports (store), the saved queries, and pushing to a triple store.

The modules are imported by their full path (kg.store.<module>); this package re-exports nothing."""
