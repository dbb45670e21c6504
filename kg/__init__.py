"""kg: a knowledge-graph builder for industrial ecosystems, from Chinese news and government reports."""

__version__ = "0.1.0"
