from django.contrib.auth.backends import ModelBackend

from lms.accounts.models import User

from .models import Employee


class EmployeeNumberBackend(ModelBackend):
    """Log in with a login ID or with an employee number.

    Employee numbers are unique only within a company. A number shared by
    employees of two companies is refused here; such people log in as
    ``COMPANYCODE/NUMBER``.
    """

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
        employees = Employee.objects.filter(user__isnull=False).select_related("user")
        if "/" in login:
            company_code, number = login.split("/", 1)
            employees = employees.filter(company__code=company_code, number=number)
        else:
            employees = employees.filter(number=login)
        found = list(employees[:2])
        return found[0].user if len(found) == 1 else None
