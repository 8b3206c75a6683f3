//! The organisations of the demo's billing history: one per kind of VAT treatment (at home, a
//! business with a VAT id elsewhere in the EU, one without, and two outside the EU).

/// One demo organisation: who owns it, what it is invoiced as, and the day of the first month
/// on which it signs.
pub(super) struct Organisation {
    pub email: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub country: &'static str,
    pub vat_id: &'static str,
    pub signs_on_day: i64,
}

pub(super) const ORGANISATIONS: [Organisation; 5] = [
    Organisation {
        email: super::BUYER_EMAIL,
        name: "Demo Buyer Org",
        address: "12 rue de la République\n69002 Lyon",
        country: "FR",
        vat_id: "",
        signs_on_day: 1,
    },
    Organisation {
        email: "brauhaus@demo.comptoir.example",
        name: "Brauhaus GmbH",
        address: "Hauptstraße 1\n10115 Berlin",
        country: "DE",
        vat_id: "DE123456789",
        signs_on_day: 4,
    },
    Organisation {
        email: "chocolaterie@demo.comptoir.example",
        name: "Chocolaterie Liégeoise SRL",
        address: "Place du Marché 3\n4000 Liège",
        country: "BE",
        vat_id: "",
        signs_on_day: 9,
    },
    Organisation {
        email: "prairie@demo.comptoir.example",
        name: "Prairie Analytics Inc.",
        address: "500 Main Street\nDes Moines, IA 50309",
        country: "US",
        vat_id: "",
        signs_on_day: 14,
    },
    Organisation {
        email: "uhrwerk@demo.comptoir.example",
        name: "Uhrwerk AG",
        address: "Bahnhofstrasse 10\n8001 Zürich",
        country: "CH",
        vat_id: "",
        signs_on_day: 20,
    },
];
