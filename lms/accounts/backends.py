import functools

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from .models import User


class EmployeeNumberBackend(ModelBackend):
    """Log in with a login ID or with an employee number.

    Employee numbers are unique only within a company. A number shared by
    employees of two companies is refused here; such people log in as
    ``COMPANYCODE/NUMBER``.
    """

    def get_user(self, user_id):
        """The session's user, read from the database on every request (never cached, so a
        deactivated user or a changed password takes effect at once)."""
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user = User.objects.filter(username=username).first() or self._by_employee_number(username)
        if user is None:
            # Run the hasher once anyway so timing does not reveal unknown logins.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def _by_employee_number(login: str) -> User | None:
        from lms.organisation.models import Employee

        employees = Employee.objects.filter(user__isnull=False).select_related("user")
        if "/" in login:
            company_code, number = login.split("/", 1)
            employees = employees.filter(company__code=company_code, number=number)
        else:
            employees = employees.filter(number=login)
        found = list(employees[:2])
        return found[0].user if len(found) == 1 else None


@functools.cache
def _user_query(alias: str) -> tuple[str, list[str], list]:
    """The SQL, attribute names and per-column converters the ORM would use for ``User.objects.get``."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = [field.get_col(User._meta.db_table) for field in fields]
    sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608 - quoted column and table names only
        ", ".join(quote(field.column) for field in fields), quote(User._meta.db_table), quote(User._meta.pk.column)
    )
    converters = [
        (index, column, [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)])
        for index, column in enumerate(columns)
    ]
    return sql, [field.attname for field in fields], [item for item in converters if item[2]]


def user_by_pk(user_id) -> User | None:
    """``User.objects.filter(pk=user_id).first()`` without compiling the query each time.

    Every request of a logged-in user loads the user; on a cached learner page the ORM's
    query compilation was the largest remaining cost (about ten times the lookup itself).
    """
    alias = router.db_for_read(User)
    connection = connections[alias]
    sql, names, converters = _user_query(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [User._meta.pk.get_db_prep_value(User._meta.pk.to_python(user_id), connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, functions in converters:
        for function in functions:
            values[index] = function(values[index], column, connection)
    return User.from_db(alias, names, values)
