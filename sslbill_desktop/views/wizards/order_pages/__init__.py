"""The pages of the order wizard (`views/wizards/order.py`), one file per step."""
