"""Names that would clash once organisations have accounts: an example's text list of
the organisations it names, and "form" where it means a form of collaboration. The
band labels move to code (handbook/bands.py), their one home."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("handbook", "0002_example_order_index")]

    operations = [
        migrations.RemoveConstraint(model_name="outcome", name="outcome_form_reason_unique"),
        migrations.RemoveIndex(model_name="example", name="handbook_ex_form_id_219578_idx"),
        migrations.RenameField("example", "organisations", "organisation_names"),
        migrations.RenameField("example", "form", "collaboration_form"),
        migrations.RenameField("outcome", "form", "collaboration_form"),
        migrations.RemoveField("edition", "band_labels"),
        migrations.AlterModelOptions(
            name="outcome",
            options={
                "ordering": ["collaboration_form", "reason"],
                "verbose_name": "outcome",
                "verbose_name_plural": "outcomes",
            },
        ),
        migrations.AlterField(
            model_name="example",
            name="collaboration_form",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="examples",
                to="handbook.collaborationform",
                verbose_name="form of collaboration",
            ),
        ),
        migrations.AlterField(
            model_name="example",
            name="organisation_names",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Companies and other organisations the example names, as text.",
                verbose_name="organisations named",
            ),
        ),
        migrations.AddIndex(
            model_name="example",
            index=models.Index(
                fields=["collaboration_form", "position"], name="example_form_order"
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.UniqueConstraint(
                fields=("collaboration_form", "reason"), name="outcome_form_reason_unique"
            ),
        ),
    ]
