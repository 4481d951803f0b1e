"""The blocks of a library page's body and of a lesson's quiz.

One set of blocks for every page kind, so the API serializes and the SPA renders one vocabulary.
Rich text and markdown are both sanitized when rendered (``library.rendering``): what an editor
types is never trusted as markup.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock

RICH_TEXT_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "blockquote",
]  # fmt: skip

# An article of a French code: L. (law), R. (decree in Conseil d'État), D. (simple decree),
# optionally with a star or a number of parts: L.2122-1, R.2123-1, D.1611-1, L.1411-1-1.
ARTICLE_VALIDATOR = RegexValidator(
    r"^(L|R|D|A|LO)\.? ?\d{1,4}(-\d{1,3}){0,3}\*?$",
    _("Référence d'article attendue, par ex. R.2123-1 ou L.2122-1."),
)


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("info", _("Information")),
            ("warning", _("Attention")),
            ("legal", _("Référence juridique")),
        ],
        default="info",
        label=_("type"),
    )
    title = blocks.CharBlock(required=False, max_length=200, label=_("titre"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("texte"))

    class Meta:
        icon = "help"
        label = _("Encadré")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(required=False, max_length=200, label=_("libellé"))

    class Meta:
        icon = "doc-full"
        label = _("Document")


class LegalReferenceBlock(blocks.StructBlock):
    """An article of a code, with a link to its official text (Légifrance)."""

    code = blocks.ChoiceBlock(
        choices=[
            ("CCP", _("Code de la commande publique")),
            ("CGCT", _("Code général des collectivités territoriales")),
            ("CGFP", _("Code général de la fonction publique")),
            ("CRPA", _("Code des relations entre le public et l'administration")),
            ("CC", _("Code civil")),
            ("CU", _("Code de l'urbanisme")),
            ("CE", _("Code de l'environnement")),
        ],
        label=_("code"),
    )
    article = blocks.CharBlock(max_length=30, validators=[ARTICLE_VALIDATOR], label=_("article"))
    url = blocks.URLBlock(
        required=False, label=_("texte officiel"), help_text=_("Lien vers Légifrance.")
    )
    summary = blocks.TextBlock(required=False, label=_("ce que dit l'article"))

    class Meta:
        icon = "openquote"
        label = _("Référence juridique")


class BodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    markdown = blocks.TextBlock(
        label=_("Markdown"), help_text=_("Texte en Markdown (le HTML est retiré à l'affichage).")
    )
    callout = CalloutBlock()
    document = DocumentLinkBlock()
    table = TableBlock(label=_("Tableau"))
    legal_reference = LegalReferenceBlock()


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("réponse"))
    correct = blocks.BooleanBlock(required=False, label=_("bonne réponse"))


class QuizQuestionBlock(blocks.StructBlock):
    """One question; each block (and each choice) keeps its stable id in the stream."""

    question = blocks.CharBlock(max_length=500, label=_("question"))
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, label=_("réponses"))
    explanation = blocks.TextBlock(required=False, label=_("explication"))

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StreamBlock):
    question = QuizQuestionBlock()
