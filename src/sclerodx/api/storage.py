"""Optional storage of assessments (SQLAlchemy 2.0).

Off unless a database URL is configured (``SCLERODX_DATABASE_URL``); any URL
SQLAlchemy supports works, SQLite being the simplest
(``sqlite:///sclerodx.db``). One table keeps the case and its assessment as JSON
text, so stored rows are readable without sclerodx.
"""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel
from sqlalchemy import DateTime, String, Text, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import StaticPool

from sclerodx.assessment import Assessment
from sclerodx.case import Case


class _Base(DeclarativeBase):
    pass


class AssessmentRow(_Base):
    """One stored assessment."""

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    case_id: Mapped[str | None] = mapped_column(String(200), index=True)
    sclerodx_version: Mapped[str] = mapped_column(String(40))
    case_json: Mapped[str] = mapped_column(Text)
    assessment_json: Mapped[str] = mapped_column(Text)


class StoredAssessment(BaseModel):
    """A stored assessment as the API returns it."""

    id: str
    created_at: dt.datetime
    case: Case
    assessment: Assessment


class Storage:
    """Save and fetch assessments in one SQL database."""

    def __init__(self, url: str) -> None:
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        self.engine = create_engine(
            url, **({"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
                    if in_memory else {}))
        _Base.metadata.create_all(self.engine)

    def save(self, case: Case, assessment: Assessment) -> str:
        """Store one assessment; return its new id."""
        row_id = str(uuid.uuid4())
        row = AssessmentRow(id=row_id, created_at=dt.datetime.now(dt.UTC), case_id=case.id,
                            sclerodx_version=assessment.sclerodx_version,
                            case_json=case.model_dump_json(exclude_none=True),
                            assessment_json=assessment.model_dump_json())
        with Session(self.engine) as session, session.begin():
            session.add(row)
        return row_id

    def get(self, assessment_id: str) -> StoredAssessment | None:
        """The stored assessment with this id, or ``None``."""
        with Session(self.engine) as session:
            row = session.get(AssessmentRow, assessment_id)
            return None if row is None else _stored(row)

    def recent(self, limit: int = 20) -> list[StoredAssessment]:
        """The latest stored assessments, newest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.created_at.desc())
                                   .limit(limit))
            return [_stored(row) for row in rows]


def _stored(row: AssessmentRow) -> StoredAssessment:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    return StoredAssessment(id=row.id, created_at=created, case=Case.model_validate_json(row.case_json),
                            assessment=Assessment.model_validate_json(row.assessment_json))
