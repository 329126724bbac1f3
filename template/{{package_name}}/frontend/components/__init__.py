"""The design system as ReactPy components: every page composes these, and so do the pages
add-table writes, so a new page looks like the others with no CSS of its own
(the classes live in static/app.css).

Primitives: `button`, `field`, `notice`, `badge`, `empty_state`, `loading`.
Shared pieces: `AppLayout` (header, nav, theme toggle), `auth_layout`, `page_header`,
`data_table`, `confirm_dialog`, `form_dialog`, `info_dialog`, `HistoryDialog` (a row's
change history), `pager`, `tab_links` (tabs that are pages), `stat_list` (figures with
their names), `Revealable` (a hidden value shown on request), and `ResourcePage`: a whole
list-create-edit-delete page for one table.
"""

from .dialog import confirm_dialog, form_dialog, info_dialog
from .feedback import badge, empty_state, loading, notice, stat_list
from .forms import button, checkbox, field
from .history import HistoryDialog
from .layout import AppLayout, NavItem, auth_layout, page_header
from .pager import PAGE_SIZE, Page, pager
from .resource import FieldInput, ResourcePage
from .reveal import Revealable
from .table import Column, data_table
from .tabs import Tab, tab_links

__all__ = [
    "PAGE_SIZE",
    "AppLayout",
    "Column",
    "FieldInput",
    "HistoryDialog",
    "NavItem",
    "Page",
    "ResourcePage",
    "Revealable",
    "Tab",
    "auth_layout",
    "badge",
    "button",
    "checkbox",
    "confirm_dialog",
    "data_table",
    "empty_state",
    "field",
    "form_dialog",
    "info_dialog",
    "loading",
    "notice",
    "page_header",
    "pager",
    "stat_list",
    "tab_links",
]
