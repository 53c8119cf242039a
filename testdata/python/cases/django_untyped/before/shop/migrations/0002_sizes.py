import time


def fill_sizes(apps, schema_editor):
    # Django runs this itself, synchronously, when it migrates: it stays as it is.
    time.sleep(0.01)
    Thumb = apps.get_model("shop", "Thumb")
    for thumb in Thumb.objects.all():
        thumb.save()
