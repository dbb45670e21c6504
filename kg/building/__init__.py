"""The build, over the extraction: the build()/extract() API (building), executors and cache (pipeline),
the triples (graph), the out/ layout (outfolder), what changed between builds (changes), and the machine's limits
(resources).

The modules are imported by their full path (kg.building.<module>); this package re-exports nothing."""
