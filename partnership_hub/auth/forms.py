"""Sign-in, second-step, password and two-factor forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=1024)])


# The forms below are seen by staff only once signed in or holding a link: English, like staff pages.
class CodeForm(FlaskForm):
    code = StringField(
        "Code", validators=[DataRequired("Enter the code from your authenticator app"), Length(max=40)]
    )


class EnrolForm(FlaskForm):
    secret = HiddenField()
    code = StringField(
        "Code from your app", validators=[DataRequired("Enter the 6-digit code your app shows"), Length(max=20)]
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password", validators=[DataRequired("Enter a new password"), Length(max=1024)]
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Enter the new password again"), EqualTo("password", "The two passwords are not the same")],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password"), Length(max=1024)]
    )


class ConfirmPasswordForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password"), Length(max=1024)]
    )
