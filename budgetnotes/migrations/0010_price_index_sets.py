"""Price indices in named, dated sets. Existing figures go into one set named after their
source (marked as example figures where they were)."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def into_one_set(apps, schema_editor):
    PriceIndex = apps.get_model("budgetnotes", "PriceIndex")
    PriceIndexSet = apps.get_model("budgetnotes", "PriceIndexSet")
    first = PriceIndex.objects.order_by("id").first()
    if first is None:
        return
    chosen = PriceIndexSet.objects.create(
        name="Eksempeltal til demonstration" if first.is_example else "Prisindeks",
        published=datetime.date(2025, 6, 1),
        is_example=first.is_example,
        source=first.source,
    )
    PriceIndex.objects.update(set=chosen)


class Migration(migrations.Migration):
    dependencies = [("budgetnotes", "0009_effect_layout")]

    operations = [
        migrations.CreateModel(
            name="PriceIndexSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Fx KL juni 2025.",
                        max_length=100,
                        unique=True,
                        verbose_name="navn",
                    ),
                ),
                ("published", models.DateField(verbose_name="offentliggjort")),
                (
                    "is_example",
                    models.BooleanField(
                        default=False,
                        help_text="Tal til demonstration, ikke officielle.",
                        verbose_name="eksempeltal",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="kilde")),
            ],
            options={
                "verbose_name": "prisindekssæt",
                "verbose_name_plural": "prisindekssæt",
                "ordering": ["-published", "-id"],
            },
        ),
        migrations.AddField(
            model_name="priceindex",
            name="set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indices",
                to="budgetnotes.priceindexset",
                verbose_name="sæt",
            ),
        ),
        migrations.RunPython(into_one_set, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="priceindex", name="unique_price_index"),
        migrations.RemoveField(model_name="priceindex", name="is_example"),
        migrations.RemoveField(model_name="priceindex", name="source"),
        migrations.AlterField(
            model_name="priceindex",
            name="set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indices",
                to="budgetnotes.priceindexset",
                verbose_name="sæt",
            ),
        ),
        migrations.AlterModelOptions(
            name="priceindex",
            options={
                "ordering": ["set", "steering_area", "year"],
                "verbose_name": "prisindeks",
                "verbose_name_plural": "prisindeks",
            },
        ),
        migrations.AddConstraint(
            model_name="priceindex",
            constraint=models.UniqueConstraint(
                fields=("set", "year", "steering_area"),
                name="unique_price_index_in_set",
                violation_error_message="Sættet har allerede et indeks for år og styringsområde.",
            ),
        ),
    ]
