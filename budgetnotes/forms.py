"""Form pieces shared by the admin and the staff pages: Danish amount input, amounts per year."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from budgetnotes.choices import IncomeExpense
from budgetnotes.models import AllocationAmount, ConversionAmount, FundingAmount
from budgetnotes.numbers import INCOME_SIGN, AmountError, format_amount, parse_amount


class AmountField(forms.Field):
    """An amount in 1.000 kr. typed the Danish way: '7.600', '7600' or '-900'."""

    widget = forms.TextInput(attrs={"size": 8, "class": "amount", "autocomplete": "off"})

    def to_python(self, value):
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        return format_amount(value) if isinstance(value, int) else value


def year_field_name(year):
    return f"year_{year}"


class YearAmountsForm(forms.ModelForm):
    """A row form with one amount field per year; subclasses are made by `with_years`."""

    years = ()
    amount_model = None
    amount_parent_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for amount in self.instance.amounts.all():
                if amount.year in self.years:
                    self.initial.setdefault(year_field_name(amount.year), amount.amount)

    @classmethod
    def with_years(cls, years):
        """A subclass with one declared amount field per year (so ModelAdmin can list them)."""
        attrs = {"years": tuple(years), "__module__": cls.__module__}
        for year in years:
            attrs[year_field_name(year)] = AmountField(label=str(year), required=False)
        return forms.models.ModelFormMetaclass(cls.__name__, (cls,), attrs)

    def year_amounts(self):
        return {year: self.cleaned_data.get(year_field_name(year)) for year in self.years}

    def save(self, commit=True):
        obj = super().save(commit=commit)
        if commit:
            self.save_amounts(obj)
        else:
            previous_save_m2m = self.save_m2m

            def save_m2m():
                previous_save_m2m()
                self.save_amounts(obj)

            self.save_m2m = save_m2m
        return obj

    @transaction.atomic
    def save_amounts(self, obj):
        current = {amount.year: amount for amount in obj.amounts.all()}
        for year, value in self.year_amounts().items():
            amount = current.get(year)
            if value is None:
                if amount is not None:
                    amount.delete()
            elif amount is None:
                self.amount_model.objects.create(
                    **{self.amount_parent_field: obj}, year=year, amount=value
                )
            elif amount.amount != value:
                amount.amount = value
                amount.save()


class FundingLineForm(YearAmountsForm):
    amount_model = FundingAmount
    amount_parent_field = "line"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("income_expense") == IncomeExpense.INCOME:
            for year, value in self.year_amounts().items():
                if value is not None and value > 0:
                    self.add_error(year_field_name(year), INCOME_SIGN)
        return cleaned


class AllocationForm(YearAmountsForm):
    amount_model = AllocationAmount
    amount_parent_field = "allocation"


class ConversionForm(YearAmountsForm):
    amount_model = ConversionAmount
    amount_parent_field = "conversion"
