"""Flask-WTF forms of the UI: each carries its CSRF token and validates on the server."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from docproc.service.models import DOC_TYPES

ROLE_CHOICES = ["clerk", "reviewer", "admin"]  # plain strings: value == label


class LoginForm(FlaskForm):
    """Sign in with name and password."""

    name = StringField("User name", validators=[DataRequired(), Length(max=120)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A bare form for POST buttons (sign out, reopen, revoke): only the CSRF token matters."""


class ResolveForm(FlaskForm):
    """Accept, correct or waive a finding; the service enforces the comment rule of waive."""

    action = SelectField("Action", choices=["accept", "correct", "waive"])
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=4000)])
    document_id = IntegerField("Document", validators=[Optional()])
    path = StringField("Field", validators=[Optional(), Length(max=200)])
    value = StringField("Value", validators=[Optional(), Length(max=1000)])


class CorrectFieldForm(FlaskForm):
    """Correct one extracted field of a document; the case is re-checked at once."""

    document_id = IntegerField("Document", validators=[DataRequired()])
    path = StringField("Field", validators=[DataRequired(), Length(max=200)])
    value = StringField("Value", validators=[Length(max=1000)])


class UserForm(FlaskForm):
    """Create a user (admin)."""

    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, max=200)])


class TokenForm(FlaskForm):
    """Issue an API token for a user (admin)."""

    user = SelectField("User", choices=[])


class DocTypeForm(FlaskForm):
    """Set a document's type by hand (clerks do intake); its fields are extracted again."""

    doc_type = SelectField("Document type", choices=list(DOC_TYPES))


class NewCaseForm(FlaskForm):
    """Create an empty case from the intake page (JS posts it, plain POST works too)."""

    reference = StringField("Reference", validators=[Optional(), Length(max=200)])
