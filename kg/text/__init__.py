"""The text, first stage: reading and decoding documents (text, HTML), their dates, sentences and segmentation.

The modules are imported by their full path (kg.text.<module>); this package re-exports nothing."""
