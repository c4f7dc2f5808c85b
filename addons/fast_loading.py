"""DIETClassifier that loads a trained model without Rasa's one-example training step.

Rasa 3.6 rebuilds each TensorFlow model at load by running one *training* step on one example
(``RasaModel.load``: compile with Adam, ``fit``, then ``load_weights``), only so that the
weights exist before they are overwritten. Tracing that training step is most of DIET's load
time. This subclass restores the weights first and lets the one prediction Rasa already runs at
load create them: TensorFlow's checkpoints restore a variable the moment it is created. Nothing
is trained, so the optimizer's saved state is left unread (``expect_partial``): prediction never
uses it. Every weight equals the stock load's (``make test-loading`` checks the weights and the
parses, and prints both load times).

Training is Rasa's own code, unchanged; ``rasa train --finetune`` (which needs the optimizer)
and a model without a prediction example load the stock way.
"""

from __future__ import annotations

from typing import Any, Optional, Text, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class FastLoadingDIET(DIET):
    """Rasa's DIET model; ``load`` restores weights without running a training step."""

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
            return super().load(
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        # Restored when created: the prediction below builds every variable prediction uses.
        model.load_weights(model_file_name).expect_partial()
        model.run_inference(predict_data_example)
        return model


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class FastLoadingDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier; only its model's loading differs."""

    @staticmethod
    def model_class() -> Type[RasaModel]:
        return FastLoadingDIET
