"""A dialogue policy: a message outside any flow that means "fill this form with me" opens it.

The rules decide by intent, and the same words ("Bác tên Vũ Thị Hằng, căn cước 0361…")
get check_status, start_submission or out_of_scope depending on the story around them.
This policy reads the message itself with the forms' own reader (bot/forms/intake.py)
and, when a form should open, predicts `action_form_intake` with full confidence and a
priority above the RulePolicy; otherwise it abstains (all zeros). It needs no training.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.forms.intake import details_without_procedure, form_to_open, recent_user_texts
from knowledge.flows.forms import load_forms

log = logging.getLogger(__name__)
INTAKE_ACTION = "action_form_intake"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class FormIntakePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        result = self._default_predictions(domain)
        action = self._next_action(tracker)
        if action is not None and action in domain.action_names_or_texts:
            result[domain.index_for_action(action)] = 1.0
        return self._prediction(result)

    def _next_action(self, tracker: DialogueStateTracker) -> Optional[str]:
        if tracker.latest_action_name == INTAKE_ACTION:
            return ACTION_LISTEN_NAME
        if tracker.latest_action_name != ACTION_LISTEN_NAME or tracker.active_loop_name:
            return None
        if tracker.get_slot("guided_flow"):
            return None
        message = tracker.latest_message
        if message is None or not message.text:
            return None
        if (message.intent or {}).get("name") == "start_submission":
            return None  # its own rule runs action_submission, which asks the same question
        earlier = [e.text or "" for e in tracker.events if isinstance(e, UserUttered)][:-1]
        try:
            code = form_to_open(message.text, (message.intent or {}).get("name"),
                                tracker.get_slot("procedure_code"), recent_user_texts(earlier))
            # details with no procedure ("Vu Dinh Khoa, 0270…, 0356…"): the action asks which form
            intent = (message.intent or {}).get("name")
            details = (not code and intent not in ("complain", "check_status", "request_human", "payment_help")
                       and details_without_procedure(message.text, load_forms()))
        except Exception:  # noqa: BLE001 - the other policies decide as before
            log.exception("form intake decision failed")
            return None
        return INTAKE_ACTION if code or details else None
