from sslbill_desktop.views.lists.placeholder import PlaceholderPage
from sslbill_desktop.views.lists.staff import StaffPage
from sslbill_desktop.views.navigation import MENU


def test_admin_sees_every_menu_and_the_first_page(admin_window) -> None:
    assert admin_window.navigation.section_titles() == [
        "Integration",
        "Products",
        "Provider",
        "Clients",
        "Orders",
        "Settings",
    ]
    assert admin_window.navigation.page_keys() == [p.key for s in MENU for p in s.pages]
    assert admin_window.current_page_key() == "processing_modules"
    from sslbill_desktop.views.lists.processing_modules import ProcessingModulePage

    assert isinstance(admin_window.page("processing_modules"), ProcessingModulePage)


def test_sales_user_does_not_see_staff_management(sales_window) -> None:
    assert "staff" not in sales_window.navigation.page_keys()
    assert "Settings" in sales_window.navigation.section_titles()
    assert "localizations" in sales_window.navigation.page_keys()


def test_admin_opens_the_staff_list(admin_window) -> None:
    admin_window.navigation.select("staff")
    page = admin_window.page("staff")
    assert isinstance(page, StaffPage)
    assert [r.login for r in page.model.loaded_rows()] == ["admin"]


def test_pages_are_created_when_first_shown(admin_window) -> None:
    from sslbill_desktop.views.lists.tariff_plans import TariffPlanPage

    assert admin_window.page("tariff_plans") is None
    admin_window.navigation.select("tariff_plans")
    page = admin_window.page("tariff_plans")
    assert isinstance(page, TariffPlanPage)
    admin_window.navigation.select("staff")
    admin_window.navigation.select("tariff_plans")
    assert admin_window.page("tariff_plans") is page


def test_placeholder_page_says_what_is_coming(qtbot) -> None:
    page = PlaceholderPage("Reports", "Revenue by provider and month.")
    qtbot.addWidget(page)
    assert page.text().splitlines()[:2] == ["Not available yet", "Revenue by provider and month."]


def test_status_bar_shows_the_user_and_the_database(admin_window, database) -> None:
    assert admin_window.status_text() == f"Signed in: Ada Admin (Administrator) | {database.description}"


def test_sign_out_asks_the_application_to_show_the_login(qtbot, admin_window) -> None:
    with qtbot.waitSignal(admin_window.sign_out_requested):
        admin_window._sign_out_action.trigger()
    assert not admin_window.isVisible()


def test_about_names_the_program_and_the_database(admin_window, database, messages_recorder) -> None:
    admin_window._about_action.trigger()
    about = messages_recorder.last("inform")
    assert "sslbill-desktop" in about.text
    assert database.description in about.text


def test_window_geometry_is_remembered(qtbot, database, admin) -> None:
    from tests.support.qt_fixtures import make_main_window

    first = make_main_window(qtbot, database, admin)
    first.resize(700, 520)
    first.close()
    second = make_main_window(qtbot, database, admin)
    assert (second.width(), second.height()) == (700, 520)
