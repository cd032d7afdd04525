"""The main job, written once: check an article against the corpus (``Checker``), with the models one process
shares (``Resources``)."""

from ._checker import Checker, CheckOptions, check_article, open_nonempty, opened_finder, related_options
from ._resources import Resources

__all__ = ["CheckOptions", "Checker", "Resources", "check_article", "open_nonempty", "opened_finder",
           "related_options"]
