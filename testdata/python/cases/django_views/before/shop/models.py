from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=40, unique=True)
    stock = models.IntegerField(default=0)

    class Meta:
        app_label = "shop"
