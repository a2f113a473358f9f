"""Admin pages for the reference data: goods glossary, agencies not recognised, thresholds.

Routes of the UI blueprint (same sign-in, error pages and headers as the other pages). Every
change goes through :func:`docproc.service.refdata_api.update` / ``reset``, the functions the
JSON API uses, so it is validated by :mod:`docproc.refdata` and audited the same way. Each form
carries the version of the data it was rendered from: a save over someone else's newer edit
is refused instead of silently undoing it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, FloatField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import NumberInput

from docproc import refdata
from docproc.errors import DocprocError
from docproc.service import refdata_api
from docproc.service.models import AuditEvent
from docproc.service.state import current_service
from docproc.ui.views import bp, role_required

RECENT_EVENTS = 25


class VersionForm(FlaskForm):
    """A POST button (delete, reset) that names the version it acts on."""

    version = HiddenField()


class GlossaryRowForm(VersionForm):
    """Add or edit one kind of goods."""

    concept_id = StringField("Id", validators=[DataRequired(), Length(max=80)],
                             description="lower-case letters, digits and _")
    en = StringField("English name", validators=[DataRequired(), Length(max=200)])
    zh = StringField("Chinese name", validators=[DataRequired(), Length(max=200)])
    variants = StringField("Synonyms (separated by |)", validators=[Optional(),
                                                                    Length(max=1000)])
    hs_prefix = StringField("HS prefix", validators=[DataRequired(), Length(max=10)])


class AgencyForm(VersionForm):
    """List one more agency whose certificates are not recognised."""

    name = StringField("Agency name (as printed)", validators=[DataRequired(),
                                                               Length(max=300)])
    aliases = StringField("Other names (separated by |)", validators=[Optional(),
                                                                      Length(max=1000)])
    valid_from = DateField("Not recognised from", validators=[Optional()])
    valid_until = DateField("until", validators=[Optional()])
    reason = StringField("Reason", validators=[DataRequired(), Length(max=1000)])
    source = StringField("Source (decision, notice, link)", validators=[Optional(),
                                                                        Length(max=1000)])


class AgencyRemoveForm(VersionForm):
    """Take an agency off the list (the reason goes into the audit trail)."""

    name = HiddenField(validators=[DataRequired()])
    reason = StringField("Reason", validators=[Optional(), Length(max=1000)])


def _field_name(path: str) -> str:
    return "n__" + path.replace(".", "__")


def _thresholds_form(content: dict[str, Any]) -> tuple[FlaskForm, list[tuple[str, str]]]:
    """A form with one labelled number field per threshold, ranges from ``refdata``."""

    class ThresholdsForm(VersionForm):
        pass

    fields: list[tuple[str, str]] = []
    for path, value in refdata.numbers(content):
        lo, hi = refdata.number_range(path)
        whole = isinstance(value, int)
        cls = IntegerField if whole else FloatField
        field = cls(refdata.label(path), default=value,
                    validators=[InputRequired(), NumberRange(lo, hi)],
                    widget=NumberInput(step="1" if whole else "any", min=lo, max=hi),
                    description=path)
        setattr(ThresholdsForm, _field_name(path), field)
        fields.append((path, _field_name(path)))
    return ThresholdsForm(), fields


def _save(name: str, content: Any, version: str | None, done: str) -> bool:
    """Save through the shared service function; flash the outcome."""
    try:
        refdata_api.update(current_service(), name, content, version=version or None)
    except DocprocError as exc:
        flash(exc.message, "error")
        return False
    flash(done, "ok")
    return True


def _status(ok: bool) -> int:
    return 200 if ok else 422


# -- overview ---------------------------------------------------------------------------------


@bp.get("/admin/reference")
@role_required("admin")
def admin_reference() -> Any:
    """The editable reference data, whether changed from the shipped default, recent edits."""
    with current_service().db.reader() as s:
        events = list(s.scalars(select(AuditEvent)
                                .where(AuditEvent.entity == refdata_api.AUDIT_ENTITY)
                                .order_by(AuditEvent.id.desc()).limit(RECENT_EVENTS)))
    items = [refdata.info(name) for name in refdata.KINDS]
    return render_template("admin/reference.html", items=items, events=events,
                           reset_form=VersionForm())


@bp.post("/admin/reference/reset/<name>")
@role_required("admin")
def admin_reference_reset(name: str) -> Any:
    """Go back to the shipped file (the admin's edit is deleted; audited)."""
    if refdata.kind(name) is None:
        abort(404, f"No reference data named {name}.")
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        refdata_api.reset(current_service(), name, version=form.version.data or None)
        flash(f"{refdata.KINDS[name].title}: back to the shipped default.", "ok")
    except DocprocError as exc:
        flash(exc.message, "error")
    return redirect(url_for("ui.admin_reference"))


# -- goods glossary ---------------------------------------------------------------------------


def _matches(row: dict[str, str], q: str) -> bool:
    q = q.casefold()
    return any(q in row[c].casefold() for c in refdata.GLOSSARY_COLUMNS)


def _form_row(form: GlossaryRowForm) -> dict[str, str]:
    return {c: getattr(form, c).data or "" for c in refdata.GLOSSARY_COLUMNS}


@bp.route("/admin/reference/glossary", methods=["GET", "POST"])
@role_required("admin")
def admin_glossary() -> Any:
    """The goods glossary as a table: filter, add a row, links to edit and delete rows."""
    info = refdata.info("glossary")
    rows = refdata.current("glossary")
    form = GlossaryRowForm(version=info["version"])
    ok = True
    if form.validate_on_submit():
        new = _form_row(form)
        ok = _save("glossary", [*rows, new], form.version.data,
                   f"Added {new['concept_id'].strip()} to the glossary.")
        if ok:
            return redirect(url_for("ui.admin_glossary", q=new["concept_id"].strip()))
    elif request.method == "POST":
        ok = False
    q = request.args.get("q", "").strip()
    shown = [r for r in rows if _matches(r, q)] if q else rows
    return render_template("admin/reference_glossary.html", info=info, rows=shown,
                           total=len(rows), q=q, form=form, delete_form=VersionForm()), _status(ok)


def _row_or_404(rows: list[dict[str, str]], concept_id: str) -> int:
    for i, row in enumerate(rows):
        if row["concept_id"] == concept_id:
            return i
    abort(404, f"The glossary has no row {concept_id}.")


@bp.route("/admin/reference/glossary/<concept_id>", methods=["GET", "POST"])
@role_required("admin")
def admin_glossary_row(concept_id: str) -> Any:
    """Edit one row of the glossary."""
    info = refdata.info("glossary")
    rows = refdata.current("glossary")
    i = _row_or_404(rows, concept_id)
    form = GlossaryRowForm(data={**rows[i], "version": info["version"]})
    ok = True
    if form.validate_on_submit():
        edited = [*rows[:i], _form_row(form), *rows[i + 1:]]
        ok = _save("glossary", edited, form.version.data, f"Saved {concept_id}.")
        if ok:
            return redirect(url_for("ui.admin_glossary", q=form.concept_id.data.strip()))
    elif request.method == "POST":
        ok = False
    return render_template("admin/reference_glossary_row.html", info=info, row=rows[i],
                           form=form), _status(ok)


@bp.post("/admin/reference/glossary/<concept_id>/delete")
@role_required("admin")
def admin_glossary_delete(concept_id: str) -> Any:
    """Delete one row of the glossary."""
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    rows = refdata.current("glossary")
    i = _row_or_404(rows, concept_id)
    _save("glossary", [*rows[:i], *rows[i + 1:]], form.version.data,
          f"Deleted {concept_id} from the glossary.")
    return redirect(url_for("ui.admin_glossary", q=request.args.get("q", "")))


# -- agencies not recognised ------------------------------------------------------------------


def _names(text: str | None) -> list[str]:
    return [n.strip() for n in (text or "").split("|") if n.strip()]


@bp.route("/admin/reference/agencies", methods=["GET", "POST"])
@role_required("admin")
def admin_agencies() -> Any:
    """The agencies whose certificates are not recognised: list, add with a reason."""
    info = refdata.info("agencies")
    content = refdata.current("agencies")
    form = AgencyForm(version=info["version"])
    ok = True
    if form.validate_on_submit():
        entry: dict[str, Any] = {"name": form.name.data, "aliases": _names(form.aliases.data),
                                 "reason": form.reason.data, "source": form.source.data}
        if form.valid_from.data:
            entry["from"] = form.valid_from.data.isoformat()
        if form.valid_until.data:
            entry["until"] = form.valid_until.data.isoformat()
        ok = _save("agencies", {"agencies": [*content["agencies"], entry]}, form.version.data,
                   f"{(form.name.data or '').strip()} added: its certificates are no longer "
                   "recognised.")
        if ok:
            return redirect(url_for("ui.admin_agencies"))
    elif request.method == "POST":
        ok = False
    return render_template("admin/reference_agencies.html", info=info,
                           agencies=content["agencies"], form=form,
                           remove_form=AgencyRemoveForm()), _status(ok)


@bp.post("/admin/reference/agencies/remove")
@role_required("admin")
def admin_agency_remove() -> Any:
    """Take one agency off the list; the reason is kept in the audit trail."""
    form = AgencyRemoveForm()
    if not form.validate_on_submit():
        abort(400)
    entries = refdata.current("agencies")["agencies"]
    kept = [e for e in entries if e["name"] != form.name.data]
    if len(kept) == len(entries):
        abort(404, f"{form.name.data} is not on the list.")
    try:
        refdata_api.update(current_service(), "agencies", {"agencies": kept},
                           version=form.version.data or None, note=form.reason.data or None)
        flash(f"{form.name.data} removed from the list.", "ok")
    except DocprocError as exc:
        flash(exc.message, "error")
    return redirect(url_for("ui.admin_agencies"))


# -- thresholds -------------------------------------------------------------------------------


@bp.route("/admin/reference/thresholds", methods=["GET", "POST"])
@role_required("admin")
def admin_thresholds() -> Any:
    """Every number of ``check.yaml`` as a labelled field; lists are edited through the API."""
    info = refdata.info("thresholds")
    content = refdata.current("thresholds")
    form, fields = _thresholds_form(content)
    if request.method == "GET":
        form.version.data = info["version"]
    ok = True
    if form.validate_on_submit():
        for path, field_name in fields:
            refdata.set_number(content, path, getattr(form, field_name).data)
        ok = _save("thresholds", content, form.version.data, "Thresholds saved.")
        if ok:
            return redirect(url_for("ui.admin_thresholds"))
    elif request.method == "POST":
        ok = False
    return render_template("admin/reference_thresholds.html", info=info, form=form,
                           fields=[getattr(form, f) for _, f in fields]), _status(ok)
