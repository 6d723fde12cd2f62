"""List pages: one small file per list, all built on `list_page.ListPage`."""
