from django.db import models


class Source(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "shop"


class Thumb(models.Model):
    source = models.ForeignKey(Source, related_name="thumbs", on_delete=models.CASCADE)
    size = models.IntegerField(default=0)

    class Meta:
        app_label = "shop"
