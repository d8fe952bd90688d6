"""Column, constraint and table shapes that the migrations 0001-0006 share.

Frozen: a migration must build the same schema forever, so a helper here never changes once a
migration calls it. A later migration that needs another shape writes it out in full or adds a
new helper beside these. Only call these inside a migration's upgrade/downgrade (they use `op`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime


def integer(name: str, *, nullable: bool = False, default: str | None = None) -> sa.Column:
    """An integer column, with a server default when given."""
    if default is None:
        return sa.Column(name, sa.Integer(), nullable=nullable)
    return sa.Column(name, sa.Integer(), server_default=default, nullable=nullable)


def string(
    name: str, length: int, *, nullable: bool = False, default: str | None = None
) -> sa.Column:
    """A VARCHAR column of the given length, with a server default when given."""
    if default is None:
        return sa.Column(name, sa.String(length=length), nullable=nullable)
    return sa.Column(name, sa.String(length=length), server_default=default, nullable=nullable)


def slack_id(name: str, *, nullable: bool = False) -> sa.Column:
    """A Slack user, channel or timestamp id: a VARCHAR(32)."""
    return string(name, 32, nullable=nullable)


def moment(name: str, *, nullable: bool = False, now: bool = False) -> sa.Column:
    """A UTC timestamp column; `now` gives it the current time as server default."""
    if now:
        return sa.Column(
            name,
            UTCDateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=nullable,
        )
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def flag(name: str, default: bool | None = None) -> sa.Column:
    """A NOT NULL boolean, with a server default true/false when given."""
    if default is None:
        return sa.Column(name, sa.Boolean(), nullable=False)
    value = sa.true() if default else sa.false()
    return sa.Column(name, sa.Boolean(), server_default=value, nullable=False)


def ref(name: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    """An integer column that refers to target.id; `table` adds its named foreign key."""
    return sa.Column(name, sa.Integer(), nullable=nullable, info={"refers": (target, ondelete)})


def table(
    name: str,
    *columns: sa.Column,
    unique: Sequence[str] = (),
    indexes: Iterable[str] = (),
) -> None:
    """Create a table with an integer `id` primary key, the foreign keys of its `ref` columns,
    an optional unique constraint, then its single-column indexes."""
    references = []
    for column in columns:
        if "refers" in column.info:
            target, ondelete = column.info["refers"]
            references.append(
                sa.ForeignKeyConstraint(
                    [column.name],
                    [f"{target}.id"],
                    name=op.f(f"fk_{name}_{column.name}_{target}"),
                    ondelete=ondelete,
                )
            )
    constraints = [sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}"))]
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{'_'.join(unique)}")))
    op.create_table(
        name, sa.Column("id", sa.Integer(), nullable=False), *columns, *references, *constraints
    )
    create_indexes(name, *indexes)


def create_indexes(name: str, *columns: str) -> None:
    """Non-unique single-column indexes, named ix_<table>_<column>."""
    if not columns:
        return
    with op.batch_alter_table(name, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{name}_{column}"), [column], unique=False)


def drop_table(name: str, *indexes: str) -> None:
    """Drop the named indexes of a table, then the table."""
    if indexes:
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{name}_{column}"))
    op.drop_table(name)


def add_columns(name: str, *columns: sa.Column) -> None:
    """Add columns to an existing table, in order."""
    with op.batch_alter_table(name, schema=None) as batch_op:
        for column in columns:
            batch_op.add_column(column)


def drop_columns(name: str, *columns: str) -> None:
    """Drop columns from a table, in order."""
    with op.batch_alter_table(name, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_column(column)
