from django.db import migrations, models


def create_version(apps, schema_editor):
    ContentVersion = apps.get_model("core", "ContentVersion")
    ContentVersion.objects.get_or_create(key="handbook", defaults={"version": 1})


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(default="handbook", max_length=40, unique=True)),
                ("version", models.PositiveBigIntegerField(default=1)),
            ],
        ),
        migrations.RunPython(create_version, migrations.RunPython.noop),
    ]
