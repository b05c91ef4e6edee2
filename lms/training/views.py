from django.shortcuts import render

from lms.accounts.permissions import employee_required

from .selectors import assignments_for_employee


@employee_required
def my_training(request):
    """Learners: their own assignments, newest fiscal year first."""
    employee = request.user.employee
    assignments = list(assignments_for_employee(employee=employee))
    return render(request, "training/my_training.html", {"employee": employee, "assignments": assignments})
