"""Questions as a learner sees them: options in the learner's own stable order, answered or not."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from .blocks import QuestionKind


@dataclass
class ShownOption:
    position: int
    text: str
    feedback: str
    correct: bool
    selected: bool = False


@dataclass
class ShownQuestion:
    """A question as the learner sees it: options in their shuffled order, by stable position."""

    id: str
    number: int
    kind: str
    rule: int
    scenario: str
    prompt: str
    explanation: str
    options: list[ShownOption]
    answered: bool = False
    is_correct: bool | None = None
    selected: list[int] = field(default_factory=list)

    @property
    def one_answer(self) -> bool:
        return self.kind in QuestionKind.ONE_ANSWER

    @property
    def field_name(self) -> str:
        return f"q-{self.id}"


def option_order(*, employee_id: int, question_id: str, count: int, salt: str = "") -> list[int]:
    """A per-learner, stable shuffle of option positions (the same on every reload)."""
    positions = list(range(count))
    random.Random(f"{employee_id}:{question_id}:{salt}").shuffle(positions)
    return positions


def questions_for_display(
    blocks: Sequence, *, order_for, answers: dict[str, list[int]] | None = None, results: dict[str, bool] | None = None
) -> list[ShownQuestion]:
    """Question blocks → ShownQuestion, options ordered by ``order_for(block_id, count)``."""
    shown = []
    for number, block in enumerate(blocks, start=1):
        value = block.value
        options = list(value["options"])
        selected = (answers or {}).get(block.id, [])
        shown.append(
            ShownQuestion(
                id=block.id,
                number=number,
                kind=value["kind"],
                rule=value["rule"],
                scenario=value.get("scenario") or "",
                prompt=value["prompt"],
                explanation=value.get("explanation") or "",
                options=[
                    ShownOption(
                        position=position,
                        text=options[position]["text"],
                        feedback=options[position]["feedback"],
                        correct=bool(options[position]["correct"]),
                        selected=position in selected,
                    )
                    for position in order_for(block.id, len(options))
                    if position < len(options)
                ],
                answered=answers is not None,
                is_correct=(results or {}).get(block.id),
                selected=list(selected),
            )
        )
    return shown
