"""The network page drawn from the store.

The modules are imported by their full path (kg.viz.<module>); this package re-exports nothing."""
