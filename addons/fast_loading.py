"""TEDPolicy and DIETClassifier that load a trained model in about half the time.

Rasa 3.6 rebuilds each TensorFlow model at load by running one *training* step on one example
(``RasaModel.load``: compile with Adam, ``fit``, then ``load_weights``), only so that the
weights exist before they are overwritten. Tracing the training step is most of the start-up:
of the ~54 s `rasa run` took here, TED's load was 24 s and DIET's 10 s (cProfile). These
subclasses restore the weights first and let the one prediction Rasa already runs at load create
them: TensorFlow's checkpoints restore a variable the moment it is created. Nothing is trained,
so the optimizer's saved state is left unread (``expect_partial``): prediction never uses it.
Loading the bot's model takes ~13 s instead of ~25 s, with every weight equal to the stock
load's (``make test-loading`` prints both times and checks the weights and predictions).

Training is Rasa's own code, unchanged; ``rasa train --finetune`` (which needs the optimizer)
and a model without a prediction example load the stock way.
"""
from __future__ import annotations

from typing import Any, Optional, Text, Type

from rasa.core.policies.ted_policy import TED, TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class _LoadWithoutTrainingStep:
    """Mixin for a RasaModel: ``load`` restores weights without running a training step."""

    @classmethod
    def load(
        cls,
        model_file_name: Text,
        model_data_example: RasaModelData,
        predict_data_example: Optional[RasaModelData] = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode or predict_data_example is None:
            return super().load(  # type: ignore[misc]
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)  # type: ignore[call-arg]
        # Restored when created: the prediction below builds every variable prediction uses.
        model.load_weights(model_file_name).expect_partial()
        model.run_inference(predict_data_example)
        return model


class FastLoadingTED(_LoadWithoutTrainingStep, TED):
    """Rasa's TED model, loaded without a training step."""


class FastLoadingDIET(_LoadWithoutTrainingStep, DIET):
    """Rasa's DIET model, loaded without a training step."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class FastLoadingTEDPolicy(TEDPolicy):
    """Rasa's TEDPolicy; only its model's loading differs."""

    @staticmethod
    def model_class() -> Type[TED]:
        return FastLoadingTED


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class FastLoadingDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier; only its model's loading differs."""

    @staticmethod
    def model_class() -> Type[RasaModel]:
        return FastLoadingDIET
