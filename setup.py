"""The optional compiled part of kg (the rest of the configuration is in pyproject.toml): kg.text._segfast, the
segmenter's two inner loops in C. `optional=True`: where no C compiler is found the build goes on without it and
kg.text.segment runs the same steps in Python (same tokens and tags, slower)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("kg.text._segfast", ["kg/text/_segfast.c"], optional=True)])
