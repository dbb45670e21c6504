"""Extraction, the stage after the text: entities (recognize), relations, facts and resolution, over the
lexicons and the learned relation-confidence model (calibrate, models/).

The modules are imported by their full path (kg.extraction.<module>); this package re-exports nothing."""
