"""Choose the FAQ selector's out-of-scope threshold by cross-validation on the training data.

    python scripts/cv_faq_selector.py [--folds 5]

5-fold CV over the faq and out_of_scope training examples (never the dev or held-out sets):
for the argmax rule ("out of scope when that class is the single most likely") and for a
range of thresholds on P(out of scope), prints how many out-of-scope questions are caught
and how many FAQ questions are wrongly refused. addons/faq_topic_selector.py uses the
threshold that catches at least as many as argmax while refusing the fewest FAQ questions.
"""

import argparse
import logging

import numpy as np
from sklearn.model_selection import StratifiedKFold

from addons.faq_topic_selector import FaqTopicSelector, new_model

THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def labelled_examples(folder: str) -> tuple:
    from rasa.shared.nlu.training_data.loading import load_data

    config = FaqTopicSelector.get_default_config()
    out_of_scope = config["out_of_scope_intent"]
    pairs = [
        (m.get("text"), m.get("intent_response_key") if m.get("intent") == config["retrieval_intent"] else out_of_scope)
        for m in load_data(folder).intent_examples
        if m.get("intent") in (config["retrieval_intent"], out_of_scope)
    ]
    texts, labels = zip(*pairs)
    return np.array(texts), np.array(labels), out_of_scope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", default="data/nlu")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    texts, labels, out_of_scope = labelled_examples(args.data)
    p_oos = np.zeros(len(texts))
    argmax_oos = np.zeros(len(texts), dtype=bool)
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in folds.split(texts, labels):
        model = new_model(FaqTopicSelector.get_default_config()["C"]).fit(texts[train], labels[train])
        probabilities = model.predict_proba(texts[test])
        column = list(model.classes_).index(out_of_scope)
        p_oos[test] = probabilities[:, column]
        argmax_oos[test] = probabilities.argmax(axis=1) == column

    oos = labels == out_of_scope
    print(f"{len(texts)} examples ({oos.sum()} out of scope), {args.folds}-fold CV")
    print(f"{'rule':>12}  {'out of scope caught':>20}  {'faq refused':>12}")
    print(f"{'argmax':>12}  {argmax_oos[oos].sum():>14}/{oos.sum()}  {argmax_oos[~oos].sum():>8}/{(~oos).sum()}")
    for threshold in THRESHOLDS:
        caught, refused = (p_oos[oos] >= threshold).sum(), (p_oos[~oos] >= threshold).sum()
        print(f"{'p >= ' + str(threshold):>12}  {caught:>14}/{oos.sum()}  {refused:>8}/{(~oos).sum()}")


if __name__ == "__main__":
    main()
