from .pages import CoursePage, FinalTestPage, LessonPage
from .progress import FinalTestAttempt, LessonProgress, QuestionResponse

__all__ = [
    "CoursePage",
    "FinalTestAttempt",
    "FinalTestPage",
    "LessonPage",
    "LessonProgress",
    "QuestionResponse",
]
