//! Blueprint templates: ready-made `comptoir.blueprint/v1` documents a tenant starts from and
//! adapts (a web shop, an ERP, an HPC batch cluster, a data lake). The documents live in
//! `data/blueprints/` and are compiled in; each is feasible on the demo marketplace.

use crate::format::{Blueprint, FormatError};

/// One template: its stable name (for addresses), its title and summary (for people), and the
/// blueprint document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub json: &'static str,
}

impl Template {
    /// The template's blueprint, read like any imported document.
    pub fn blueprint(&self) -> Result<Blueprint, FormatError> {
        Blueprint::from_json(self.json)
    }
}

/// Every template, in the order a page lists them.
pub const TEMPLATES: [Template; 4] = [
    Template {
        name: "web-shop",
        title: "Web shop",
        summary: "Load balancer, three web servers and a cache at one provider, a database \
                  with a replica at another, and media storage; EU law, 99.9 % availability.",
        json: include_str!("../data/blueprints/web-shop.json"),
    },
    Template {
        name: "erp",
        title: "ERP",
        summary: "A self-hosted ERP: two application servers and their database behind a \
                  load balancer at one provider, backup at another, and an office suite for \
                  50 users; EU or Swiss law.",
        json: include_str!("../data/blueprints/erp.json"),
    },
    Template {
        name: "hpc-batch",
        title: "HPC batch",
        summary: "A head node and sixteen large workers with scratch storage at one provider, \
                  results kept on object storage; the lowest-carbon placement under a cap.",
        json: include_str!("../data/blueprints/hpc-batch.json"),
    },
    Template {
        name: "data-lake",
        title: "Data lake",
        summary: "50 TB of certified object storage with processing beside it, an archive \
                  copy at another provider, a warehouse database and an ingest link; EU law.",
        json: include_str!("../data/blueprints/data-lake.json"),
    },
];

/// The template of this name.
pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|template| template.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_blueprint_named_like_its_title() {
        for template in &TEMPLATES {
            let blueprint = template.blueprint().expect(template.name);
            assert_eq!(
                blueprint.name().to_lowercase(),
                template.title.to_lowercase(),
                "{}",
                template.name
            );
            assert!(blueprint.components().len() >= 4, "{}", template.name);
        }
    }

    #[test]
    fn templates_are_found_by_name() {
        assert_eq!(find("erp").map(|t| t.title), Some("ERP"));
        assert!(find("nope").is_none());
    }
}
