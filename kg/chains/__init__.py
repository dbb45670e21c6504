"""The chain layer: firms and industries placed on the industrial chain models (chains) and the chain page
(chainmap, templates/).

The modules are imported by their full path (kg.chains.<module>); this package re-exports nothing."""
