"""The tabs of the order details dialog (`views/dialogs/order_details.py`)."""
