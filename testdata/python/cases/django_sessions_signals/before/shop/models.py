from django.db import models


class Visit(models.Model):
    page = models.CharField(max_length=40)
    count = models.IntegerField(default=0)

    class Meta:
        app_label = "shop"
