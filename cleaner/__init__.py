"""cleaner: turn scraped web text into clean corpus text, with an auditable record of every removal."""

__version__ = "0.1.0"
