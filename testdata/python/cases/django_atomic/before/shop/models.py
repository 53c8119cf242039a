from django.db import models


class Account(models.Model):
    name = models.CharField(max_length=40)
    balance = models.IntegerField(default=0)

    class Meta:
        app_label = "shop"
