from django.db import models


class ProductManager(models.Manager):
    def in_stock(self):
        return self.filter(stock__gt=0)


class Product(models.Model):
    name = models.CharField(max_length=40)
    stock = models.IntegerField(default=0)

    objects = ProductManager()

    class Meta:
        app_label = "shop"


class Tag(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "shop"


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag)
    quantity = models.IntegerField(default=1)

    class Meta:
        app_label = "shop"
