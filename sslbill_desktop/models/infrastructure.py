"""Data centers, departments, business hours and employees (Integration and Provider menus)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sslbill_desktop.models.base import Base, IdMixin, LocalizedText, TimestampMixin, VersionedMixin

department_providers = Table(
    "department_providers",
    Base.metadata,
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
    Column("provider_id", ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True),
)

employee_departments = Table(
    "employee_departments",
    Base.metadata,
    Column("employee_id", ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class DataCenter(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "data_centers"

    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False)
    #: Left blank in the source's instructions; kept for parity with BILLmanager.
    external_id: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class BusinessHours(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A weekly schedule: `schedule` maps "mon".."sun" to a list of ["HH:MM", "HH:MM"] intervals."""

    __tablename__ = "business_hours"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class Department(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "departments"

    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False)
    business_hours_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_hours.id", ondelete="RESTRICT"), nullable=True
    )
    show_in_support_center: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    task_language: Mapped[str] = mapped_column(String(16), nullable=False, default="en")
    # Department settings: used only when `show_in_support_center` is set.
    head_employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL", use_alter=True), nullable=True
    )
    ticket_category_description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    providers = relationship("Provider", secondary=department_providers, lazy="selectin")


class Employee(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "employees"

    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True, unique=True
    )

    departments = relationship("Department", secondary=employee_departments, lazy="selectin")
