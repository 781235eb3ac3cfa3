"""Customer-care threads of the demo (issue 19): questions, answers, thanks, a convert.

Each brand answers as its care profile says (make_feeds.CARE_PROFILES): Orbis fast, Fibralis
slow, Nuvo leaves its community to answer, Célesta in between. The threads are hand-written so
that every care KPI has a known true value; their titles never name a brand, so a reply names
one only when its own words do (peer answers such as "chez moi ça a marché" name none).

A thread is (source, title, starter, replies). The starter is (author, "YYYY-MM-DD HH:MM"
Paris time, text, sentiment, themes); each reply is (author, minutes after the starter, text,
sentiment), where an author "@<brand>" is that brand's staff account. A reply dated by a full
stamp (a str) instead of minutes is posted at that time. Follow-ups posted elsewhere (the
customer's next post about the brand, outside the thread) are in FOLLOW_UPS.
"""

from __future__ import annotations

Reply = tuple[str, int | str, str, str]
Starter = tuple[str, str, str, str, tuple[str, ...]]
Thread = tuple[str, str, Starter, list[Reply]]

H = 60  # minutes in an hour

THREADS: list[Thread] = [
    # ------------------------------------------------------------------ Orbis: fast
    (
        "forum-orbis",
        "Wi-Fi qui décroche depuis la mise à jour",
        (
            "Lucie_Vx",
            "2026-04-14 09:12",
            "Depuis la mise à jour d'hier, le Wi-Fi de ma box Orbis Max se coupe toutes les "
            "heures. Quelqu'un a le même souci ?",
            "negative",
            ("reseau",),
        ),
        [
            (
                "@orbis",
                24,
                "Bonjour Lucie_Vx, un correctif est déployé ce matin sur les box Orbis Max : "
                "redémarrez la vôtre et le Wi-Fi sera stable. — L'équipe Orbis",
                "positive",
            ),
            ("Lucie_Vx", 3 * H + 5, "Box redémarrée, ça marche, merci !", "positive"),
        ],
    ),
    (
        "forum-conso",
        "Frais de résiliation prélevés deux fois",
        (
            "Karim_dz59",
            "2026-05-06 19:40",
            "Orbis m'a prélevé deux fois les frais de résiliation de mon ancienne ligne : 98 € "
            "payés pour rien. C'est inadmissible.",
            "negative",
            ("facturation",),
        ),
        [
            (
                "@orbis",
                12 * H + 55,
                "Bonjour Karim_dz59, toutes nos excuses : le double prélèvement est annulé et "
                "le remboursement part aujourd'hui. — L'équipe Orbis",
                "positive",
            ),
            (
                "Karim_dz59",
                "2026-05-09 18:20",
                "Remboursement reçu ce matin, merci Orbis pour la rapidité, je suis très "
                "content du service.",
                "positive",
            ),
        ],
    ),
    (
        "forum-orbis",
        "Modifier l'adresse de facturation",
        (
            "Anne_Sofie",
            "2026-09-15 10:05",
            "Comment modifier l'adresse de facturation dans l'espace client Orbis ? Je ne "
            "trouve pas le menu.",
            "neutral",
            ("facturation",),
        ),
        [
            (
                "@orbis",
                12,
                "Bonjour Anne_Sofie, c'est dans « Mon compte », puis « Mes coordonnées ». "
                "Belle journée ! — L'équipe Orbis",
                "positive",
            ),
            ("Anne_Sofie", H + 2, "Trouvé, merci beaucoup !", "positive"),
        ],
    ),
    (
        "forum-orbis",
        "Plus de son sur le décodeur",
        (
            "Gaspard_Lm",
            "2026-08-20 14:30",
            "Plus de son sur le décodeur Orbis depuis ce matin, vous savez d'où ça vient ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "@orbis",
                18,
                "Bonjour Gaspard_Lm, une mise à jour du décodeur Orbis corrige le son : "
                "elle s'installe si vous le débranchez deux minutes. — L'équipe Orbis",
                "positive",
            ),
            ("Gaspard_Lm", 58, "Nickel, le son est revenu, merci !", "positive"),
        ],
    ),
    (
        "forum-conso",
        "Débit en chute tous les soirs",
        (
            "Yann_Bzh",
            "2026-10-07 20:50",
            "Depuis une semaine ma fibre Orbis tombe à 30 Mb/s tous les soirs, c'est très "
            "agaçant. Une idée ?",
            "negative",
            ("reseau",),
        ),
        [
            (
                "fibre_addict",
                41,
                "Teste en Ethernet : chez moi c'était le Wi-Fi du voisin qui saturait le canal.",
                "neutral",
            ),
            (
                "@orbis",
                11 * H + 22,
                "Bonjour Yann_Bzh, votre ligne est saine : changez le canal Wi-Fi de la box "
                "Orbis dans ses réglages, le débit reviendra. — L'équipe Orbis",
                "positive",
            ),
            (
                "Yann_Bzh",
                14 * H,
                "C'était bien le canal Wi-Fi, tout est rentré dans l'ordre, merci à tous !",
                "positive",
            ),
        ],
    ),
    (
        "reddit",
        "Forfait utilisable au Maroc ?",
        (
            "voyageuse_lili",
            "2026-06-10 13:05",
            "Le forfait Orbis Essentiel marche-t-il au Maroc ou seulement en Europe ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "nomade_92",
                38,
                "Seulement en Europe, il faut ajouter le pass Monde dans l'appli avant de partir.",
                "neutral",
            ),
            (
                "@orbis",
                52,
                "Bonjour, le pass Monde d'Orbis couvre bien le Maroc, il s'active en deux "
                "clics dans l'appli. — L'équipe Orbis",
                "positive",
            ),
            ("voyageuse_lili", 2 * H + 10, "Merci à vous deux, pass activé !", "positive"),
        ],
    ),
    # ------------------------------------------------------------------ Fibralis: slow
    (
        "forum-conso",
        "Option TV disparue après la migration",
        (
            "jb_lemoine",
            "2026-04-22 10:15",
            "Depuis la migration vers l'offre Fibralis Fibre Max, l'option TV a disparu de mon "
            "espace client. Quelqu'un a une solution ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "patchwork_35",
                3 * H + 4,
                "Même souci le mois dernier : il faut la réactiver depuis l'onglet Options, "
                "elle revient en quelques heures.",
                "neutral",
            ),
            (
                "jb_lemoine",
                8 * H + 30,
                "Réactivée depuis l'onglet Options, ça marche, merci !",
                "positive",
            ),
            (
                "@fibralis",
                52 * H + 10,
                "Bonjour jb_lemoine, l'option TV se réactive en effet depuis l'onglet Options. "
                "Bonne journée, l'équipe Fibralis",
                "positive",
            ),
        ],
    ),
    (
        "forum-conso",
        "Remboursement toujours pas reçu",
        (
            "sandrine_h44",
            "2026-06-27 18:30",
            "Fibralis me doit 45 € depuis ma résiliation en mai. Trois relances, aucune "
            "réponse. C'est honteux.",
            "negative",
            ("facturation",),
        ),
        [
            # After the end of July: not seen by June's care figures.
            (
                "@fibralis",
                "2026-08-03 10:20",
                "Bonjour sandrine_h44, toutes nos excuses pour ce délai : le remboursement de "
                "45 € a été validé aujourd'hui. — L'équipe Fibralis",
                "positive",
            ),
        ],
    ),
    (
        "forum-conso",
        "Dédommagement promis après la panne",
        (
            "cyril_b13",
            "2026-08-19 09:40",
            "Toujours aucune nouvelle du dédommagement promis par Fibralis après la panne du 11 "
            "août. C'est lamentable.",
            "negative",
            ("facturation",),
        ),
        [
            (
                "@fibralis",
                61 * H + 25,
                "Bonjour cyril_b13, le dédommagement sera déduit de votre facture de "
                "septembre. — L'équipe Fibralis",
                "neutral",
            ),
            (
                "cyril_b13",
                "2026-08-23 19:05",
                "Déduit en septembre, alors qu'on a été coupés cinq jours en août ? Je vais "
                "finir par résilier, c'est une honte.",
                "negative",
            ),
        ],
    ),
    (
        "reddit",
        "Box qui redémarre en boucle depuis dimanche",
        (
            "mathis_rdn",
            "2026-08-24 21:10",
            "Ma box Fibralis Ultra redémarre en boucle depuis la mise à jour de dimanche, "
            "c'est insupportable. Une solution ?",
            "negative",
            ("reseau",),
        ),
        [
            (
                "geek_du_29",
                62,
                "Débranche-la trente secondes puis fais un reset usine, chez moi ça a marché.",
                "neutral",
            ),
            (
                "mathis_rdn",
                2 * H + 15,
                "Reset fait, ça marche, merci pour l'astuce !",
                "positive",
            ),
        ],
    ),
    (
        "forum-conso",
        "Changement de RIB pas pris en compte",
        (
            "noemie_rt",
            "2026-10-05 11:00",
            "J'ai envoyé mon nouveau RIB à Fibralis il y a dix jours, le prélèvement part "
            "toujours sur l'ancien compte. C'est normal ?",
            "neutral",
            ("facturation",),
        ),
        [
            (
                "@fibralis",
                38 * H + 40,
                "Bonjour noemie_rt, le nouveau RIB de votre contrat Fibralis sera utilisé dès "
                "le prochain cycle de facturation. — L'équipe Fibralis",
                "neutral",
            ),
            ("noemie_rt", 40 * H, "D'accord, merci pour la réponse.", "positive"),
        ],
    ),
    # ------------------------------------------------------------------ Nuvo: its community
    (
        "reddit",
        "eSIM bloquée sur activation en cours",
        (
            "clem_esim",
            "2026-05-12 12:20",
            "Mon eSIM Nuvo reste bloquée sur « activation en cours » depuis hier. Vous avez une "
            "astuce ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "raph_android",
                45,
                "Redémarre ton téléphone en mode avion puis rescanne le QR code, chez moi ça a "
                "marché.",
                "neutral",
            ),
            ("clem_esim", 2 * H + 3, "Mode avion puis QR code : ça marche, merci !", "positive"),
        ],
    ),
    (
        "forum-conso",
        "Masquer son numéro sur mobile",
        (
            "sylvain_gr",
            "2026-06-09 18:25",
            "Comment masquer mon numéro sur une ligne Nuvo ? L'option n'apparaît pas dans l'appli.",
            "neutral",
            ("offre",),
        ),
        [
            (
                "dede_le_geek",
                47,
                "Tape #31# avant le numéro, ça fonctionne sur tous les réseaux.",
                "neutral",
            ),
            ("sylvain_gr", 2 * H + 40, "Super, ça marche, merci !", "positive"),
        ],
    ),
    (
        "forum-conso",
        "Hors forfait facturé en Espagne",
        (
            "marion_34",
            "2026-07-09 16:00",
            "Nuvo m'a facturé 23 € de hors forfait en Espagne alors que l'Europe est incluse. "
            "C'est abusé.",
            "negative",
            ("facturation",),
        ),
        [
            (
                "expert_telecom_fr",
                2 * H + 12,
                "L'Europe est incluse, mais pas les appels vers la France au-delà du quota : "
                "regarde le détail de ta facture.",
                "neutral",
            ),
            (
                "@nuvo",
                70 * H + 30,
                "Bonjour marion_34, nous avons vérifié : ces frais sont une erreur et seront "
                "remboursés sur votre prochaine facture. — L'équipe Nuvo",
                "positive",
            ),
            (
                "marion_34",
                96 * H,
                "J'attends de voir la prochaine facture avant de dire quoi que ce soit.",
                "neutral",
            ),
        ],
    ),
    (
        "forum-conso",
        "Portabilité bloquée depuis quatre jours",
        (
            "julien_pm",
            "2026-08-05 14:10",
            "Ma portabilité vers Nuvo Mobile est bloquée depuis quatre jours et mon ancien "
            "numéro ne marche plus. Quelqu'un sait comment débloquer ça ?",
            "negative",
            ("service-client",),
        ),
        [
            (
                "@celesta",  # a competitor's agent: neither Nuvo's answer nor a peer's
                31,
                "Bonjour julien_pm, chez Célesta la portabilité se fait en 24 h, nos "
                "conseillers peuvent vous accompagner. — L'équipe Célesta",
                "positive",
            ),
            (
                "lea_conseil",
                3 * H + 5,
                "Vérifie ton RIO au 3179, souvent c'est une erreur d'un chiffre.",
                "neutral",
            ),
            (
                "bastien_fx",
                5 * H + 20,
                "Pareil chez moi : RIO mal recopié, corrigé en une journée.",
                "neutral",
            ),
            ("julien_pm", 26 * H, "C'était bien le RIO, merci à vous deux !", "positive"),
        ],
    ),
    (
        "forum-conso",
        "Report des gigas non utilisés",
        (
            "ines_kb",
            "2026-10-14 09:30",
            "Les gigas non utilisés du forfait Nuvo Flex sont-ils reportés le mois suivant ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "abonne_depuis_2019",
                63,
                "Oui, jusqu'à 10 Go, c'est écrit dans la fiche tarifaire.",
                "neutral",
            ),
            (
                "@nuvo",
                80 * H + 15,
                "Bonjour ines_kb, c'est exact : jusqu'à 10 Go sont reportés chaque mois sur "
                "votre forfait Nuvo Flex. — L'équipe Nuvo",
                "neutral",
            ),
        ],
    ),
    # ------------------------------------------------------------------ Célesta: in between
    (
        "forum-conso",
        "Décodeur bloqué au démarrage",
        (
            "agathe_m",
            "2026-04-08 11:20",
            "Mon décodeur Célesta Home reste bloqué sur l'écran de démarrage depuis ce matin. "
            "Une idée ?",
            "neutral",
            ("offre",),
        ),
        [
            (
                "@celesta",
                6 * H + 10,
                "Bonjour agathe_m, une mise à jour est en cours sur les décodeurs Célesta : "
                "débranchez le vôtre dix minutes. — L'équipe Célesta",
                "neutral",
            ),
            ("agathe_m", 8 * H + 20, "Ça fonctionne de nouveau, merci !", "positive"),
        ],
    ),
    (
        "reddit",
        "Accord du syndic obligatoire pour la fibre ?",
        (
            "pierre_gln",
            "2026-06-17 18:45",
            "Le technicien Célesta dit que le syndic doit donner son accord pour la fibre. "
            "C'est vraiment obligatoire ?",
            "neutral",
            ("boutique-livraison",),
        ),
        [
            (
                "syndic_benevole",
                2 * H + 2,
                "Oui pour les parties communes, mais le syndic ne peut pas refuser sans motif.",
                "neutral",
            ),
        ],
    ),
    (
        "forum-conso",
        "Hausse de prix sans courrier",
        (
            "fabien_tl",
            "2026-08-26 10:00",
            "Ma facture Célesta a pris 4 € ce mois-ci sans aucun courrier. Je trouve ça "
            "vraiment malhonnête.",
            "negative",
            ("facturation",),
        ),
        [
            (
                "@celesta",
                20 * H + 5,
                "Bonjour fabien_tl, vous avez raison : le courrier n'est pas parti, la hausse "
                "est annulée et les 4 € seront remboursés. — L'équipe Célesta",
                "positive",
            ),
        ],
    ),
    (
        "forum-conso",
        "Carte SIM commandée jamais arrivée",
        (
            "hugo_vlt",
            "2026-10-20 15:30",
            "Ma carte SIM Célesta commandée il y a huit jours n'est toujours pas arrivée. "
            "Comment faire ?",
            "neutral",
            ("boutique-livraison",),
        ),
        [
            (
                "@celesta",
                27 * H + 10,
                "Bonjour hugo_vlt, votre carte SIM Célesta est repartie hier en lettre suivie. "
                "— L'équipe Célesta",
                "neutral",
            ),
            ("hugo_vlt", 50 * H, "Reçue ce matin, merci !", "positive"),
        ],
    ),
]

# The customer's next post about the brand, outside the thread: (source, author, stamp,
# text, sentiment, themes). fabien_tl's turns him into a care-driven convert of Célesta.
FOLLOW_UPS: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    (
        "social",
        "fabien_tl",
        "2026-09-04 12:15",
        "Célesta a tenu parole : hausse annulée et 4 € remboursés. Service client à la hauteur, "
        "bravo !",
        "positive",
        ("facturation",),
    ),
]
