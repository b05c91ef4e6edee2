from django.shortcuts import render
from django.utils.translation import get_language

from courses.nine_rules.selectors import my_training_rows
from lms.accounts.permissions import employee_required


@employee_required
def my_training(request):
    """Learners: their own assignments, newest fiscal year first, with the course in their language."""
    employee = request.user.employee
    rows = my_training_rows(employee=employee, language=get_language(), request=request)
    return render(request, "training/my_training.html", {"employee": employee, "rows": rows})
