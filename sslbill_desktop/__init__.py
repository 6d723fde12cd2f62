"""sslbill-desktop: resell SSL certificates bought from an ispmanager billing account."""

__version__ = "0.1.0"
APP_NAME = "sslbill-desktop"
